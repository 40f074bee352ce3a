// A thin ECharts wrapper: one chart instance per mounted element, resized with its container and
// given the whole option again whenever it changes (notMerge, so removed series really disappear).
// ECharts is loaded on first use, as its own chunk: it is the largest dependency and only some pages chart.
import { useEffect, useRef } from 'react';
import type { ECharts, EChartsOption } from 'echarts';

let echartsModule: Promise<typeof import('echarts')> | null = null;
function loadEcharts(): Promise<typeof import('echarts')> {
  echartsModule ??= import('echarts').catch((error: unknown) => {
    echartsModule = null; // let a later mount retry after a failed chunk load
    throw error;
  });
  return echartsModule;
}

export function Chart(props: { option: EChartsOption; height?: number; style?: React.CSSProperties }) {
  const elementRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const optionRef = useRef(props.option);
  optionRef.current = props.option;

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    let disposed = false;
    let observer: ResizeObserver | null = null;
    void loadEcharts().then((echarts) => {
      if (disposed) return;
      const chart = echarts.init(element);
      chartRef.current = chart;
      chart.setOption(optionRef.current, { notMerge: true });
      // Containers change size without a window resize (side menu collapse, grid reflow).
      observer = new ResizeObserver(() => chart.resize());
      observer.observe(element);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chartRef.current?.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(props.option, { notMerge: true });
  }, [props.option]);

  return <div ref={elementRef} style={{ width: '100%', height: props.height ?? 320, ...props.style }} />;
}
