/**
 * The runner's own notifications (see src/notify/runner-spec.ts for what LP_NOTIFY holds): after the exit
 * code is written, each target gets the clean-end or the failure body, with curl when the pod has it, else
 * python3's urllib. The URL reaches curl in a config read from stdin and python in its environment, so it
 * is never in a process's argv nor in run.log; only "notified" or "could not be sent" is logged.
 * Every field is non-empty ('-' for no title): tab is IFS white space, so empty fields would collapse.
 */
export const RUNNER_NOTIFY = [
  'if [ -n "$LP_NOTIFY" ]; then',
  '  tab=$(printf "\\t")',
  '  printf "%s" "$LP_NOTIFY" | base64 -d 2>/dev/null | while IFS="$tab" read -r u t h okb failb; do',
  '    if [ "$code" = 0 ]; then b=$okb; else b=$(printf "%s" "$failb" | sed "s/__CODE__/$code/g"); fi',
  '    if command -v curl >/dev/null 2>&1; then',
  '      { printf \'url = "%s"\\n\' "$u"; printf \'header = "Content-Type: %s"\\n\' "$t"; [ "$h" = - ] || printf \'header = "Title: %s"\\n\' "$h"; } \\',
  '        | curl -fsS -m 15 -o /dev/null -K - -X POST --data-binary "$b" 2>/dev/null && echo "lorapilot: notified (curl)" || echo "lorapilot: a notification could not be sent (curl)"',
  '    elif command -v python3 >/dev/null 2>&1; then',
  '      LP_U=$u LP_T=$t LP_H=$h LP_B=$b python3 -c \'import os, urllib.request as r',
  'e = os.environ',
  'h = {"Content-Type": e["LP_T"]}',
  'if e["LP_H"] != "-": h["Title"] = e["LP_H"]',
  'r.urlopen(r.Request(e["LP_U"], data=e["LP_B"].encode(), headers=h, method="POST"), timeout=15)\' 2>/dev/null && echo "lorapilot: notified (python3)" || echo "lorapilot: a notification could not be sent (python3)"',
  '    else echo "lorapilot: no curl or python3 on the pod: no notification sent"; fi',
  '  done',
  'fi',
].join('\n');
