// A thin ECharts wrapper: one chart instance per mounted element, resized with its container and
// given the whole option again whenever it changes (notMerge, so removed series really disappear).
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

export function Chart(props: { option: echarts.EChartsOption; height?: number; style?: React.CSSProperties }) {
  const elementRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    const chart = echarts.init(element);
    chartRef.current = chart;
    // Containers change size without a window resize (side menu collapse, grid reflow).
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(props.option, { notMerge: true });
  }, [props.option]);

  return <div ref={elementRef} style={{ width: '100%', height: props.height ?? 320, ...props.style }} />;
}
