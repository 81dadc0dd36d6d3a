// The matching corpus block at the end of `npm test` (issue 13): precision and recall over the
// labelled cases in test/fixtures/matching-corpus.yaml, summed from the rows
// test/helpers/corpus-figures.ts recorded. Both must be 100%, or the run fails.
/* global console */
const KEYS = [
  "corpusCases",
  "corpusTruePositives",
  "corpusFalsePositives",
  "corpusFalseNegatives",
  "corpusTrueNegatives",
];

const percent = (num, den) => (den === 0 ? "n/a" : `${((100 * num) / den).toFixed(1)}%`);

/** Prints the block when the corpus ran; returns an error message when a figure is below 100%. */
export function reportCorpus(lines) {
  const totals = Object.fromEntries(KEYS.map((k) => [k, 0]));
  for (const line of lines) {
    if (!line.trim()) continue;
    for (const [key, value] of Object.entries(JSON.parse(line))) if (key in totals) totals[key] += Number(value) || 0;
  }
  if (totals.corpusCases === 0) return null;
  const tp = totals.corpusTruePositives;
  const fp = totals.corpusFalsePositives;
  const fn = totals.corpusFalseNegatives;
  const rows = [
    ["labelled cases", String(totals.corpusCases)],
    ["flagged as labelled (true positives)", String(tp)],
    ["cleared as labelled (true negatives)", String(totals.corpusTrueNegatives)],
    ["flagged wrongly (false positives)", String(fp)],
    ["missed (false negatives)", String(fn)],
    ["precision", percent(tp, tp + fp)],
    ["recall", percent(tp, tp + fn)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(
    [
      "",
      "Matching corpus (test/fixtures/matching-corpus.yaml):",
      ...rows.map(([l, v]) => `  ${l.padEnd(width)}  ${v.padStart(7)}`),
      "",
    ].join("\n"),
  );
  return fp === 0 && fn === 0 ? null : `matching corpus: ${fp} false positives, ${fn} false negatives`;
}
