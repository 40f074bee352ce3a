// Tabs after the WAI-ARIA tabs pattern: a tablist of buttons (arrow keys, Home and End move between them),
// each panel present in the document and labelled by its tab. A panel's content is built the first time its
// tab is chosen and kept afterwards, so opening the chart tab is what loads the charting code.
import { useRef, useState } from 'react';

export interface TabItem {
  key: string;
  label: React.ReactNode;
  render: () => React.ReactNode;
}

export function Tabs(props: { id: string; label: string; items: TabItem[]; active: string; onChange(key: string): void }) {
  const [visited, setVisited] = useState<Set<string>>(() => new Set([props.active]));
  const buttons = useRef<Map<string, HTMLButtonElement>>(new Map());
  if (!visited.has(props.active)) setVisited(new Set([...visited, props.active]));

  const choose = (key: string, focus: boolean) => {
    props.onChange(key);
    if (focus) buttons.current.get(key)?.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent, index: number) => {
    const count = props.items.length;
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = (index + 1) % count;
    else if (event.key === 'ArrowLeft') next = (index - 1 + count) % count;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = count - 1;
    if (next === null) return;
    event.preventDefault();
    choose(props.items[next].key, true);
  };

  return (
    <div className="zsp-tabs">
      <div role="tablist" aria-label={props.label} className="zsp-tablist">
        {props.items.map((item, index) => {
          const selected = item.key === props.active;
          return (
            <button
              key={item.key}
              ref={(element) => {
                if (element) buttons.current.set(item.key, element);
                else buttons.current.delete(item.key);
              }}
              type="button"
              role="tab"
              id={`${props.id}-tab-${item.key}`}
              aria-selected={selected}
              aria-controls={`${props.id}-panel-${item.key}`}
              tabIndex={selected ? 0 : -1}
              className="zsp-tab"
              onClick={() => choose(item.key, false)}
              onKeyDown={(event) => onKeyDown(event, index)}
              data-testid={`portal-tab-${item.key}`}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      {props.items.map((item) => {
        const selected = item.key === props.active;
        return (
          <div
            key={item.key}
            role="tabpanel"
            id={`${props.id}-panel-${item.key}`}
            aria-labelledby={`${props.id}-tab-${item.key}`}
            hidden={!selected}
            tabIndex={0}
            className="zsp-tabpanel"
          >
            {visited.has(item.key) || selected ? item.render() : null}
          </div>
        );
      })}
    </div>
  );
}
