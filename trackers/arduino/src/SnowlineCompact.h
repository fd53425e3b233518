// SNOWLINE_COMPACT marks the library's larger functions for optimisation switches that give smaller AVR code than
// -Os alone: a constant hoisted out of a loop lives in a call-saved register, which costs a push and a pop in
// every such function. A per-function attribute, so it holds under the Arduino platform's own compiler flags.
// Functions with it are not inlined into callers without it, so it goes on functions that are called, not inlined.
#ifndef SNOWLINE_COMPACT_H
#define SNOWLINE_COMPACT_H

#if defined(__AVR__) && defined(__GNUC__) && !defined(__clang__)
#define SNOWLINE_COMPACT __attribute__((optimize("no-move-loop-invariants","no-optimize-sibling-calls","no-forward-propagate","no-tree-sink","ira-algorithm=priority","no-tree-scev-cprop")))
#else
#define SNOWLINE_COMPACT
#endif

// The same pointer, with its value hidden from the optimiser. The tracker and the output state are globals, so an
// inlined member function would otherwise address each field absolutely: 4 bytes an access on an AVR, where
// relative to a pointer register it is 2. An empty asm statement, no instructions.
template <typename T>
static inline T* snowlineOpaque(T* pointer) {
  asm("" : "+r"(pointer));
  return pointer;
}

#endif
