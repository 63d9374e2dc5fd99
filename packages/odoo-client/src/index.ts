// The public door of this package. Exports arrive with the issues that build it; see README.md.
export {};
