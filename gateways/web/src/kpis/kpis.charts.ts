import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { KpiGroup, KpiWidget } from './kpis.widgets.ts';

// Only the parts a bar chart needs, so the bundle carries no other chart type.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const SHADES = ['ff', 'b3', '73'];

/** A bar chart of one widget's figures per group, whose data is replaced in place. */
export class WidgetChart {
  readonly #chart: Chart<'bar', (number | null)[], string>;

  constructor(
    canvas: HTMLCanvasElement,
    readonly widget: KpiWidget,
  ) {
    this.#chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: [],
        datasets: widget.figures.map((figure, i) => ({
          label: figure.label,
          data: [],
          // Lighter shades of the widget's colour for its second and third figure.
          backgroundColor: `${widget.colour}${SHADES[i] ?? 'ff'}`,
          borderRadius: 3,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: widget.figures.length > 1 }, tooltip: { enabled: true } },
        scales: { y: { beginAtZero: true } },
      },
    });
  }

  show(groups: readonly KpiGroup[]): void {
    this.#chart.data.labels = groups.map((g) => g.key);
    this.widget.figures.forEach((figure, i) => {
      const dataset = this.#chart.data.datasets[i];
      if (dataset) dataset.data = groups.map((g) => figure.value(g));
    });
    this.#chart.update();
  }

  destroy(): void {
    this.#chart.destroy();
  }
}
