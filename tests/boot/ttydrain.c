// SPDX-License-Identifier: GPL-2.0
/*
 * ttydrain: wait until everything written to the console has been sent.
 * /init runs it before `reboot -f`, which would otherwise cut off output
 * still queued in the serial driver.
 */
#include <stdio.h>
#include <termios.h>

int main(void)
{
	if (tcdrain(1)) {
		perror("ttydrain: tcdrain");
		return 1;
	}
	return 0;
}
