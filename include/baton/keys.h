/* keys.h — the bytes a serial terminal sends for the keys line editors handle. */
#ifndef BATON_KEYS_H
#define BATON_KEYS_H

#define BATON_KEY_CTRL(c) ((c)&0x1f) /* ^A is 1, ^U is 21, ... */
#define BATON_KEY_ESC	  0x1b	     /* starts the sequences arrow keys send */
#define BATON_KEY_DEL	  0x7f	     /* what Backspace sends on most terminals */

#endif
