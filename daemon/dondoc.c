/* dondoc — command-line interface (placeholder until parse lands). */
#include <stdio.h>
int main(void)
{
	fputs("dondoc: not yet\n", stderr);
	return 2;
}
