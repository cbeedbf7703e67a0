// Files the playground bundle imports as text (esbuild's "text" loader, scripts/build-playground.mjs).
declare module "*.schema" {
  const text: string;
  export default text;
}
