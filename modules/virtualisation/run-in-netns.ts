/** C source of `run-in-netns NETNS COMMAND [ARGS...]`: enters a named network namespace, then execs COMMAND. */
export const runInNetnsSource: string = String.raw`/*
 * run-in-netns: run a command inside a named network namespace.
 *
 *   run-in-netns <netns-name> <command> [args...]
 *
 * Opens /var/run/netns/<netns-name> (falling back to /run/netns/<netns-name>),
 * the bind mount that "ip netns add" creates, joins that network namespace
 * with setns(fd, CLONE_NEWNET) and then execvp()s <command> with [args...].
 * Needs CAP_SYS_ADMIN.
 *
 * Exit status: 2 on bad usage, 1 if the namespace cannot be opened or
 * joined, 127 if <command> is not found, 126 if it cannot be executed;
 * otherwise the exit status of <command>.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_USAGE 2
#define EXIT_NETNS 1
#define EXIT_NOEXEC 126
#define EXIT_NOTFOUND 127

static const char *const netnsDirs[] = { "/var/run/netns", "/run/netns" };

static void usage(FILE *out, const char *prog)
{
    fprintf(out,
            "Usage: %s <netns-name> <command> [args...]\n"
            "Run <command> in the network namespace <netns-name>"
            " (as created by \"ip netns add\").\n",
            prog);
}

/* A namespace name is a single path component under the netns directory. */
static int validName(const char *name)
{
    return name[0] != '\0' && strchr(name, '/') == NULL
        && strcmp(name, ".") != 0 && strcmp(name, "..") != 0
        && strlen(name) <= NAME_MAX;
}

/* Open the namespace file; returns a file descriptor, or -1 after printing an error. */
static int openNetns(const char *prog, const char *name)
{
    char path[PATH_MAX];
    int firstErrno = 0;
    size_t i;

    for (i = 0; i < sizeof(netnsDirs) / sizeof(netnsDirs[0]); i++) {
        int fd;
        snprintf(path, sizeof(path), "%s/%s", netnsDirs[i], name);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0)
            return fd;
        if (errno != ENOENT && errno != ENOTDIR) {
            fprintf(stderr, "%s: cannot open network namespace \"%s\" (%s): %s\n",
                    prog, name, path, strerror(errno));
            return -1;
        }
        if (firstErrno == 0)
            firstErrno = errno;
    }
    fprintf(stderr, "%s: network namespace \"%s\" not found in %s or %s: %s\n",
            prog, name, netnsDirs[0], netnsDirs[1], strerror(firstErrno));
    return -1;
}

int main(int argc, char *argv[])
{
    const char *prog = argc > 0 && argv[0][0] != '\0' ? argv[0] : "run-in-netns";
    const char *name;
    int fd;

    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout, prog);
        return EXIT_SUCCESS;
    }
    if (argc < 3) {
        fprintf(stderr, "%s: %s\n", prog,
                argc < 2 ? "missing network namespace name and command"
                         : "missing command");
        usage(stderr, prog);
        return EXIT_USAGE;
    }

    name = argv[1];
    if (!validName(name)) {
        fprintf(stderr, "%s: invalid network namespace name \"%s\"\n", prog, name);
        return EXIT_USAGE;
    }

    fd = openNetns(prog, name);
    if (fd < 0)
        return EXIT_NETNS;
    if (setns(fd, CLONE_NEWNET) != 0) {
        fprintf(stderr, "%s: cannot enter network namespace \"%s\": %s\n",
                prog, name, strerror(errno));
        close(fd);
        return EXIT_NETNS;
    }
    close(fd);

    execvp(argv[2], &argv[2]);
    fprintf(stderr, "%s: cannot execute \"%s\": %s\n", prog, argv[2], strerror(errno));
    return errno == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC;
}
`;
