import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { Skeleton } from './skeleton.js';

import type * as EchartsSetup from './echarts-setup.js';

type Setup = typeof EchartsSetup;
let setupModule: Promise<Setup> | undefined;

/** An ECharts chart, loaded on first use; `option` is the chart's whole state. */
export function EChart({ option, label, height = 320 }: { option: EChartsCoreOption; label: string; height?: number }) {
  const container = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let disposed = false;
    let chart: ReturnType<Setup['init']> | undefined;
    let observer: ResizeObserver | undefined;
    setupModule ??= import('./echarts-setup.js');
    void setupModule.then(({ init }) => {
      if (disposed) return;
      chart = init(el, undefined, { renderer: 'canvas' });
      chart.setOption(option);
      observer = new ResizeObserver(() => chart?.resize());
      observer.observe(el);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [option]);

  return (
    <div className="echart" role="img" aria-label={label}>
      {!ready && <Skeleton lines={1} height={height - 20} />}
      <div ref={container} className="echart-canvas" style={{ height }} />
    </div>
  );
}
