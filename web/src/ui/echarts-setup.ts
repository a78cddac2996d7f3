// Only the pieces Keel draws, so the ECharts chunk stays a fraction of the full build.
import { ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([ScatterChart, GridComponent, TooltipComponent, CanvasRenderer]);

export { init };
