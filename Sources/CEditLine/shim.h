// libedit through its readline-compatible API (the native el_set is variadic).
#include <stdio.h>
#include <editline/readline.h>
#include <histedit.h>
