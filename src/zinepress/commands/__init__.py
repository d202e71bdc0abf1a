"""One thin module per subcommand of the command line (cli.py parses the arguments).

Each module has run(args) -> exit status: it calls the library and prints
what the user asked for; errors are ZinepressError, which cli.py words. The
command line imports only the module of the command it runs, so `zinepress
build` forks its workers before anything heavy is loaded.
"""
