/**
 * The first Tab stop of every layout: invisible until focused, it moves focus past the header
 * to <main id="main" tabIndex={-1}> (WCAG 2.4.1 Bypass Blocks).
 */
export function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only rounded-md bg-blue-700 px-4 py-2 font-semibold text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
    >
      Skip to main content
    </a>
  );
}
