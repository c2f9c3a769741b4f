#include <stdio.h>

int main(void)
{
    int total;

    scanf("%d", &total);

    /* À vous : calculez les heures, les minutes et les secondes. */
    int heures = 0;
    int minutes = 0;
    int secondes = total;

    printf("%d h %d min %d s\n", heures, minutes, secondes);
    return 0;
}
