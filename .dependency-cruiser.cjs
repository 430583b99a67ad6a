/**
 * The house rules (DESIGN.md, "Layers"), checked on every `npm test`:
 * arrows point down only — bin → screens → src/ui → src/<domain> → src/ai-toolkit, src/fs, src/onnx, src/text —
 * no cycles, no React or Ink below src/ui, and the domains in a fixed order so none imports one above it.
 */

/** Domains from the bottom up: each may import those before it, never those after it. */
const DOMAINS = [
  ['ai-toolkit', 'fs', 'onnx', 'text'],
  ['project'],
  ['remote'],
  ['hub', 'notify', 'runpod'],
  ['faces'],
  ['dataset'],
  ['captions'],
  ['config'],
  ['pod'],
  ['training'],
  ['checkpoints'],
];

const above = (level) => DOMAINS.slice(level + 1).flat();
const domainOrder = DOMAINS.flatMap((names, level) =>
  level === DOMAINS.length - 1
    ? []
    : [
        {
          name: `domain-order-${names.join('-')}`,
          comment: `src/${names.join(', src/')} may not import a domain above it (${above(level).join(', ')})`,
          severity: 'error',
          from: { path: `^src/(${names.join('|')})/` },
          to: { path: `^src/(${above(level).join('|')})/` },
        },
      ],
);

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'no import cycles', from: {}, to: { circular: true } },
    {
      name: 'leaves-import-nothing-of-ours',
      severity: 'error',
      comment: 'src/ai-toolkit, src/fs, src/onnx and src/text are leaves: what ai-toolkit defines, atomic writes, the ONNX runtime and format, text formatting',
      from: { path: '^src/(ai-toolkit|fs|onnx|text)/' },
      to: { path: '^(bin|screens|src)/', pathNot: '^src/$1/' },
    },
    {
      name: 'no-react-below-ui',
      severity: 'error',
      comment: 'a domain never imports React or Ink',
      from: { path: '^src/', pathNot: '^src/ui/' },
      to: { path: 'node_modules/(react|react-dom|ink|@inkjs/[^/]+|ink-[^/]+|terminal-image)/' },
    },
    {
      name: 'src-not-up',
      severity: 'error',
      comment: 'src/ never imports a screen or bin',
      from: { path: '^src/' },
      to: { path: '^(screens|bin)/' },
    },
    {
      name: 'domains-not-ui',
      severity: 'error',
      comment: 'a domain never imports src/ui',
      from: { path: '^src/', pathNot: '^src/ui/' },
      to: { path: '^src/ui/' },
    },
    {
      name: 'screens-not-bin',
      severity: 'error',
      comment: 'screens never import bin',
      from: { path: '^screens/' },
      to: { path: '^bin/' },
    },
    ...domainOrder,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(bin|screens|src|node_modules)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
