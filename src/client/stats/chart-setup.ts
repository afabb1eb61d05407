import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PieController,
  PointElement,
  Tooltip,
} from 'chart.js'

/*
 * Chart.js with only the parts the dashboards draw (bar, line, pie), much lighter than ECharts'
 * modular build of the same three charts. Imported only by StatsChart.vue, and only at run time, so
 * it lands in its own chunk and never on the first screen.
 */
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  PieController,
  ArcElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
)

export { Chart }
