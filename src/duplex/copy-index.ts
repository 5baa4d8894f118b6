// Which of a duplexed volume's two copies: a leaf shared by the volume, its recovery and its observer.

export type CopyIndex = 0 | 1;

export const OTHER: Readonly<Record<CopyIndex, CopyIndex>> = { 0: 1, 1: 0 };
