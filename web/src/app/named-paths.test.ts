import { describe, expect, it } from 'vitest';
import { parseDataRoute } from '../features/data/data-paths.js';
import { parseDeploymentRoute } from '../features/deployments/deployment-paths.js';
import { parseModelRoute } from '../features/models/model-paths.js';
import { monitorPath, parseMonitoringRoute } from '../features/monitoring/monitor-paths.js';
import { jobPath, parseTrainingRoute } from '../features/training/training-paths.js';
import { parseTuningRoute, studyPath } from '../features/tuning/tuning-paths.js';
import { namedPath, parseNamedPath, versionSegment } from './named-paths.js';

describe('named paths', () => {
  it('round-trips an encoded name', () => {
    expect(namedPath('/models', 'a b/c')).toBe('/models/a%20b%2Fc');
    expect(parseNamedPath('/models/a%20b%2Fc/versions/2', '/models')).toEqual({ name: 'a b/c', rest: ['versions', '2'] });
  });

  it('refuses paths outside the base, empty and malformed names', () => {
    expect(parseNamedPath('/modelsx/a', '/models')).toBeNull();
    expect(parseNamedPath('/models/', '/models')).toBeNull();
    expect(parseNamedPath('/models/%E0%A4%A', '/models')).toBeNull();
  });

  it('reads only positive integer versions', () => {
    expect(versionSegment(['versions', '3'])).toBe(3);
    for (const rest of [['versions', '0'], ['versions', '1.5'], ['versions', ''], ['versions'], ['v', '1'], ['versions', '1', 'x']]) expect(versionSegment(rest)).toBeNull();
  });

  it('routes each section as before', () => {
    expect(parseDataRoute('/data')).toEqual({ page: 'list' });
    expect(parseDataRoute('/data/w')).toEqual({ page: 'dataset', name: 'w' });
    expect(parseDataRoute('/data/w/diff')).toEqual({ page: 'diff', name: 'w' });
    expect(parseDataRoute('/data/w/versions/2')).toEqual({ page: 'version', name: 'w', version: 2 });
    expect(parseDataRoute('/data/w/versions/0')).toEqual({ page: 'unknown' });
    expect(parseModelRoute('/models/m')).toEqual({ page: 'model', name: 'm' });
    expect(parseModelRoute('/models/m/versions/4')).toEqual({ page: 'version', name: 'm', version: 4 });
    expect(parseModelRoute('/models/m/diff')).toEqual({ page: 'unknown' });
    expect(parseDeploymentRoute('/deployments/d')).toEqual({ page: 'deployment', name: 'd' });
    expect(parseDeploymentRoute('/deployments/d/x')).toEqual({ page: 'unknown' });
    expect(parseMonitoringRoute(monitorPath('m 1'))).toEqual({ page: 'monitor', name: 'm 1' });
    expect(parseMonitoringRoute('/monitoring/monitors/')).toEqual({ page: 'unknown' });
    expect(parseMonitoringRoute('/monitoring/monitors/a/b')).toEqual({ page: 'unknown' });
    expect(parseTrainingRoute(jobPath('j/1'))).toEqual({ page: 'job', id: 'j/1' });
    expect(parseTrainingRoute('/training/jobs/a/b')).toEqual({ page: 'unknown' });
    expect(parseTrainingRoute('/training')).toEqual({ page: 'home' });
    expect(parseTuningRoute(studyPath('s%1'))).toEqual({ page: 'study', name: 's%1' });
    expect(parseTuningRoute('/tuning/s/trials')).toEqual({ page: 'unknown' });
    expect(parseTuningRoute('/tuning/')).toEqual({ page: 'unknown' });
  });
});
