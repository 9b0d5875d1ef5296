/** `items` cut into consecutive slices of at most `size` (statements bounded in parameters or JSON size). */
export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
