// Only the pieces Keel draws, so the ECharts chunk stays a fraction of the full build.
import { BarChart, CustomChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// CustomChart draws the error bars of interval charts.
use([BarChart, ScatterChart, CustomChart, GridComponent, MarkLineComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export { init };
