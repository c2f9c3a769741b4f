#include <stdio.h>

int main(void)
{
    int total;

    scanf("%d", &total);

    int heures = total / 3600;
    int minutes = total / 60; /* Erreur : les heures sont comptées deux fois. */
    int secondes = total % 60;

    printf("%d h %d min %d s\n", heures, minutes, secondes);
    return 0;
}
