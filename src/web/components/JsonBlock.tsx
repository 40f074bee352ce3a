// Pretty-printed JSON for audit before/after values; long values scroll inside the block.
export function JsonBlock(props: { value: unknown }) {
  const text = props.value === undefined || props.value === null ? '—' : JSON.stringify(props.value, null, 2);
  return <pre className="zs-json">{text}</pre>;
}
