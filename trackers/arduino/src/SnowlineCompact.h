// Two ways the library gets smaller AVR code than -Os gives by itself, both in the source, so they hold under the
// Arduino platform's own compiler flags.
#ifndef SNOWLINE_COMPACT_H
#define SNOWLINE_COMPACT_H

// SNOWLINE_COMPACT marks the larger functions for optimisation switches measured to shrink them (about 100 bytes
// in the struct-event serial example): no loop-invariant hoisting (a hoisted constant lives in a call-saved
// register, which costs a push and a pop), no sibling calls, no forward propagation or sinking, priority register
// allocation, no scalar-evolution constant propagation. Functions with it are not inlined into callers without
// it, so it goes on functions that are called, not inlined. Only on avr-gcc 5 to 7: it was measured only on 5.4
// (Debian's) and 7.3 (the Arduino IDE's), and a compiler that does not know one of the switches warns about it
// (-Wattributes), which would break the library's rule of compiling without warnings.
#if defined(__AVR__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 5 && __GNUC__ <= 7
#define SNOWLINE_COMPACT \
  __attribute__((optimize("no-move-loop-invariants", "no-optimize-sibling-calls", "no-forward-propagate", "no-tree-sink", \
                          "ira-algorithm=priority", "no-tree-scev-cprop")))
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
