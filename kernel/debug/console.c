/* console.c — kernel output through SBI: whole lines by DBCN when present, else byte by byte. */
#include "debug/console.h"

#include <stdbool.h>

#include "lib/string.h"
#include "mm/kimage.h"
#include "sbi.h"
#include "sync/spinlock.h"

/*
 * DBCN reads a physical buffer, so text is copied into this one, which
 * lives in the image (kimage_to_phys works for it).  The lock keeps lines
 * from different harts whole.
 */
static char bounce[256];
static struct spinlock lock;
static bool use_dbcn;

void console_init(void)
{
	use_dbcn = sbi.has_dbcn;
}

const char *console_method(void)
{
	return use_dbcn ? "SBI DBCN" : "SBI legacy putchar";
}

static void write_dbcn(const char *s, size_t n)
{
	while (n) {
		size_t chunk = n < sizeof(bounce) ? n : sizeof(bounce);
		memcpy(bounce, s, chunk);
		for (size_t done = 0; done < chunk;) {
			long r = sbi_debug_console_write(chunk - done,
							 kimage_to_phys(bounce + done));
			if (r <= 0) {
				use_dbcn = false; /* firmware changed its mind: fall back */
				for (size_t i = done; i < chunk; i++)
					sbi_legacy_putchar(bounce[i]);
				break;
			}
			done += (size_t)r;
		}
		s += chunk;
		n -= chunk;
	}
}

void console_write(const char *s, size_t n)
{
	spin_lock(&lock);
	if (use_dbcn)
		write_dbcn(s, n);
	else
		for (size_t i = 0; i < n; i++)
			sbi_legacy_putchar(s[i]);
	spin_unlock(&lock);
}

void console_force_unlock(void)
{
	spin_unlock(&lock);
}
