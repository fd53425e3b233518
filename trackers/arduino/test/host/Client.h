// Host stand-in for the Arduino core's Client.h: Client is declared in the host Arduino.h.
#include <Arduino.h>
