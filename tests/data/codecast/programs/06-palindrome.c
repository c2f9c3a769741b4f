#include <stdio.h>
#include <string.h>

int est_palindrome(const char s[])
{
    int i = 0;
    int j = (int) strlen(s) - 1;
    while (i < j) {
        if (s[i] != s[j]) {
            return 0;
        }
        i++;
        j--;
    }
    return 1;
}

int main(void)
{
    char mot[100];
    while (scanf("%99s", mot) == 1) {
        printf("%s : %s\n", mot, est_palindrome(mot) ? "oui" : "non");
    }
    return 0;
}
