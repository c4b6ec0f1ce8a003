/** The part of fs-native-extensions (which ships no types) that the data folder lock uses. */
declare module "fs-native-extensions" {
  /** An exclusive (or shared) advisory lock on the open file, without waiting: false if another holds it. */
  export function tryLock(fd: number, offset?: number, length?: number, opts?: { shared?: boolean }): boolean;
}
