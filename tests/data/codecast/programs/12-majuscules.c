#include <stdio.h>
#include <ctype.h>

int main(void)
{
    int c;
    int lettres = 0;
    while ((c = getchar()) != EOF) {
        if (isalpha(c)) {
            lettres++;
        }
        putchar(toupper(c));
    }
    printf("%d lettres\n", lettres);
    return 0;
}
