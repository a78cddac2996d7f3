// Only the pieces Keel draws, so the ECharts chunk stays a fraction of the full build.
import { BarChart, CustomChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, ParallelComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// CustomChart draws the error bars of interval charts.
// LineChart and ParallelChart draw the Tuning page's optimization history and parallel coordinates.
use([BarChart, ScatterChart, CustomChart, LineChart, ParallelChart, GridComponent, MarkLineComponent, ParallelComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export { init };
