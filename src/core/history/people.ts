/**
 * Who is who in a history: git has applied `.mailmap` already, but the same person still commits under
 * several addresses (work, personal, GitHub's noreply). Authorship, ownership and "has left" are about
 * people, so authors are merged here by name and by the local part of their address.
 */

/**
 * One person per name or e-mail: git has applied `.mailmap` already; the same name (case-insensitive)
 * or the same local part of the address (GitHub's "12345+login@users.noreply" counts as "login") under
 * several addresses is one person. Generic local parts ("info", "dev") join nobody. Each author maps
 * to the lowest author index of its person.
 */
export function peopleOf(names: readonly string[], emails: readonly string[]): Uint32Array {
  const parent = Uint32Array.from(names, (_, k) => k);
  const root = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  const byKey = new Map<string, number>();
  const join = (key: string, author: number) => {
    const other = byKey.get(key);
    if (other === undefined) return void byKey.set(key, author);
    const [a, b] = [root(other), root(author)];
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };
  names.forEach((name, author) => {
    const normalisedName = name.trim().toLowerCase().replace(/\s+/g, ' ');
    if (normalisedName.length > 0 && !GENERIC_IDENTITIES.has(normalisedName)) join(`n:${normalisedName}`, author);
    const local = (emails[author] ?? '').toLowerCase().split('@', 1)[0]!.replace(/^\d+\+/, '');
    if (local.length >= 3 && !GENERIC_IDENTITIES.has(local)) join(`e:${local}`, author);
  });
  return Uint32Array.from(parent, (_, k) => root(k));
}

export interface Person {
  name: string;
  email: string;
}

/** The same person by the rules of `peopleOf`: the same name, or the same local part of the address. */
export function samePerson(a: Person, b: Person): boolean {
  const name = (person: Person) => person.name.trim().toLowerCase().replace(/\s+/g, ' ');
  const local = (person: Person) => person.email.toLowerCase().split('@', 1)[0]!.replace(/^\d+\+/, '');
  if (a.email.toLowerCase() === b.email.toLowerCase()) return true;
  if (name(a).length > 0 && !GENERIC_IDENTITIES.has(name(a)) && name(a) === name(b)) return true;
  return local(a).length >= 3 && !GENERIC_IDENTITIES.has(local(a)) && local(a) === local(b);
}

const GENERIC_IDENTITIES = new Set(['info', 'dev', 'admin', 'root', 'git', 'mail', 'contact', 'hello', 'team', 'support', 'noreply', 'no-reply', 'nobody', 'unknown', 'user', 'developer', 'github', 'ubuntu', 'vagrant', 'deploy', 'ci', 'bot', 'none']);
