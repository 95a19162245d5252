import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

// Only the parts a bar chart needs, so the bundle carries no other chart type.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** A horizontal bar chart of counts whose data can be replaced in place. */
export class CountsChart {
  readonly #chart: Chart<'bar', number[], string>;

  constructor(canvas: HTMLCanvasElement, colour: string) {
    this.#chart = new Chart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ data: [], backgroundColor: colour, borderRadius: 3 }] },
      options: {
        indexAxis: 'y',
        animation: false,
        maintainAspectRatio: false,
        plugins: { tooltip: { enabled: true } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  show(counts: readonly { label: string; count: number }[]): void {
    this.#chart.data.labels = counts.map((c) => c.label);
    const [dataset] = this.#chart.data.datasets;
    if (dataset) dataset.data = counts.map((c) => c.count);
    this.#chart.update();
  }
}
