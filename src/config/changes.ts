/** Fields tuning advice may change, on the choices and on the project's config section alike. */
export const CHANGE_FIELDS = ['lr', 'rank', 'alpha', 'epochs', 'steps'] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

type Changeable = Partial<Record<ChangeField, number>>;

/** Set each changed field; a new length in epochs drops the one in steps and the other way round. */
export function applyChanges<T extends Changeable>(target: T, changes: ReadonlyArray<{ field: ChangeField; to: number }>): T {
  const next: T = { ...target };
  for (const ch of changes) {
    if (ch.field === 'epochs') delete next.steps;
    if (ch.field === 'steps') delete next.epochs;
    (next as Changeable)[ch.field] = ch.to;
  }
  return next;
}
