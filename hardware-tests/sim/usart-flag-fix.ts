// Works around two USART flag bugs in avr8js 0.21.1 that lose received bytes under full-duplex traffic:
// - a write to UCSR0B while the receiver is enabled clears a pending receive-complete interrupt. The Arduino
//   core writes UCSR0B on every buffered transmit (sbi/cbi UDRIE0), so a byte that arrives while the firmware
//   is transmitting is never read and the next byte overwrites it (2 of 100 echoed bytes lost in our fixture);
// - a write to UCSR0A clears the read-only RXC and UDRE bits.
// On the real chip RXC is cleared only by reading UDR0 (or disabling the receiver) and UDRE only by writing UDR0.
import type { AVRUSART, CPU } from 'avr8js';

type UsartConfig = ConstructorParameters<typeof AVRUSART>[1];

const UCSRA_RXC = 0x80;
const UCSRA_UDRE = 0x20;
const UCSRB_RXCIE = 0x80;
const UCSRB_RXEN = 0x10;

export function fixUsartFlags(cpu: CPU, config: UsartConfig): void {
  const receiveComplete = {
    address: config.rxCompleteInterrupt,
    flagRegister: config.UCSRA,
    flagMask: UCSRA_RXC,
    enableRegister: config.UCSRB,
    enableMask: UCSRB_RXCIE,
    constant: true,
  };

  const writeControlA = cpu.writeHooks[config.UCSRA]!;
  cpu.writeHooks[config.UCSRA] = (value, oldValue, address, mask) => {
    const readOnlyBits = cpu.data[config.UCSRA]! & (UCSRA_RXC | UCSRA_UDRE);
    const handled = writeControlA(value, oldValue, address, mask);
    cpu.data[config.UCSRA] = cpu.data[config.UCSRA]! | readOnlyBits;
    return handled;
  };

  const writeControlB = cpu.writeHooks[config.UCSRB]!;
  cpu.writeHooks[config.UCSRB] = (value, oldValue, address, mask) => {
    const unread = (cpu.data[config.UCSRA]! & UCSRA_RXC) !== 0;
    const handled = writeControlB(value, oldValue, address, mask);
    if (unread && value & UCSRB_RXEN) cpu.setInterruptFlag(receiveComplete);
    return handled;
  };
}
