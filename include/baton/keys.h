/* keys.h — the bytes a serial terminal sends for the keys line editors handle. */
#ifndef BATON_KEYS_H
#define BATON_KEYS_H

#define BATON_KEY_CTRL(c) ((c)&0x1f) /* ^A is 1, ^U is 21, ... */
#define BATON_KEY_ESC	  0x1b	     /* starts the sequences arrow keys send */
#define BATON_KEY_DEL	  0x7f	     /* what Backspace sends on most terminals */

/* An escape sequence being read (libbaton/escape.c); all zero: none. */
struct baton_escape {
	unsigned state;
	char param; /* when DONE: the one digit before the final byte ('3' of ESC [ 3 ~), or 0 */
	char final; /* when DONE: the final byte ('A' of ESC [ A) */
};

enum baton_escape_step {
	BATON_ESC_NOT,	/* c is not part of a sequence */
	BATON_ESC_MORE, /* c was part of one, which goes on (or was dropped: it is swallowed) */
	BATON_ESC_DONE, /* c ended one: see param and final */
};

enum baton_escape_step baton_escape_feed(struct baton_escape *e, char c);

#endif
