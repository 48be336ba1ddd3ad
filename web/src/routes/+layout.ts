// A static SPA served by the API process: no server rendering, no prerendering.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
