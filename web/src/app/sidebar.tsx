import { NavIcon } from '../ui/nav-icon.js';
import { Link } from './link.js';
import { SECTIONS, type Section } from './sections.js';

const GROUPS: readonly Section['group'][] = ['Platform', 'Machine learning', 'LLM'];

export function Sidebar({ activeId }: { activeId: string | undefined }) {
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="sidebar-inner">
        {GROUPS.map((group) => (
          <div className="nav-group" key={group}>
            <h2 className="nav-group-title">{group}</h2>
            <ul>
              {SECTIONS.filter((s) => s.group === group).map((section) => (
                <li key={section.id}>
                  <Link
                    to={section.path}
                    className="nav-link"
                    aria-current={section.id === activeId ? 'page' : undefined}
                  >
                    <NavIcon name={section.id} />
                    {section.label}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}
