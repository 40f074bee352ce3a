// Placeholder until the catalog pages bring their messages.
export default { 'zh-CN': {}, 'en-US': {} };
