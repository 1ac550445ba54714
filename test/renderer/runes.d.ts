// The state classes under test use Svelte's runes; tsc (tsconfig.node.json) needs their declarations.
/// <reference types="svelte" />
