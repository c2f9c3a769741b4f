#include <stdio.h>

int main(void)
{
    int i = 7;
    double d = i / 2;
    double e = i / 2.0;
    int tronque = (int) 3.99;
    char c = 'A' + 2;
    printf("%.1f %.1f %d %c %d\n", d, e, tronque, c, c);
    printf("%5.2f|%-6d|%06d|%x|%o\n", 3.14159, 42, 42, 255, 8);
    printf("%e\n", 12345.678);
    return 0;
}
