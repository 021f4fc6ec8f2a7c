/** wink-porter2-stemmer ships no types: one function, a lower-case word in, its Porter 2 stem out. */
declare module 'wink-porter2-stemmer' {
  const stem: (word: string) => string;
  export default stem;
}
