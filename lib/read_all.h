/* SPDX-License-Identifier: GPL-2.0 */
/* Reading a whole file, the counterpart of outfile.h's writing one. */
#ifndef LIB_READ_ALL_H
#define LIB_READ_ALL_H

/* The file at @path, NUL-terminated (free it), or NULL with errno set. */
char *read_all(const char *path);
/* The same for @dir/@name. */
char *read_all_in(const char *dir, const char *name);

#endif
