package nexus.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Shell completion scripts generated from the command tree: subcommands (with aliases), each command's options
 * and option values, and positional arguments — workspace names come from {@code nexus workspace list --quiet},
 * files and directories from the shell. bash and zsh share the same lookup functions (POSIX syntax); fish gets
 * native {@code complete} rules with descriptions.
 */
public final class CompletionScripts {
    /** One command of the tree, flattened: its path ("" for the root, "workspace create"…) and spec. */
    private record Node(String path, CommandSpec spec) {}

    private final CommandSpec root;
    private final List<Node> nodes = new ArrayList<>();

    public CompletionScripts(CommandSpec root) {
        this.root = root;
        collect("", root);
    }

    private void collect(String path, CommandSpec spec) {
        if (spec.hidden()) {
            return;
        }
        nodes.add(new Node(path, spec));
        for (CommandSpec c : spec.children()) {
            collect(path.isEmpty() ? c.name() : path + " " + c.name(), c);
        }
    }

    private List<OptionSpec> optionsOf(Node n) {
        List<OptionSpec> globals = root.options().stream().filter(OptionSpec::global).toList();
        return n.spec() == root ? root.options() : Stream.concat(n.spec().options().stream(), globals.stream()).toList();
    }

    private static List<CommandSpec> visibleChildren(CommandSpec spec) {
        return spec.children().stream().filter(c -> !c.hidden()).toList();
    }

    // ---- bash and zsh

    /** The lookup functions both bash and zsh scripts use. */
    private String lookupFunctions() {
        StringBuilder b = new StringBuilder();
        b.append("__nexus_sub() {  # $1 command path, $2 word -> the subcommand it names (aliases resolved)\n  case \"$1|$2\" in\n");
        for (Node n : nodes) {
            for (CommandSpec c : visibleChildren(n.spec())) {
                String cases = Stream.concat(Stream.of(c.name()), c.aliases().stream())
                        .map(w -> "\"" + n.path() + "|" + w + "\"").collect(Collectors.joining("|"));
                b.append("    ").append(cases).append(") echo ").append(c.name()).append(";;\n");
            }
        }
        b.append("  esac\n}\n");
        b.append("__nexus_children() {  # $1 command path -> its subcommands\n  case \"$1\" in\n");
        for (Node n : nodes) {
            List<CommandSpec> children = visibleChildren(n.spec());
            if (!children.isEmpty()) {
                String words = children.stream().flatMap(c -> Stream.concat(Stream.of(c.name()), c.aliases().stream()))
                        .collect(Collectors.joining(" "));
                b.append("    \"").append(n.path()).append("\") echo \"").append(words).append("\";;\n");
            }
        }
        b.append("  esac\n}\n");
        b.append("__nexus_options() {  # $1 command path -> its options\n  case \"$1\" in\n");
        for (Node n : nodes) {
            String opts = optionsOf(n).stream().map(o -> "--" + o.name()).collect(Collectors.joining(" "));
            b.append("    \"").append(n.path()).append("\") echo \"").append(opts).append("\";;\n");
        }
        b.append("  esac\n}\n");
        b.append("__nexus_values() {  # $1 command path, $2 option -> its values (\"-\": free text); fails for flags\n  case \"$1|$2\" in\n");
        for (Node n : nodes) {
            for (OptionSpec o : optionsOf(n)) {
                if (!o.takesValue()) {
                    continue;
                }
                String cases = Stream.of("--" + o.name(), o.shortName() == null ? null : "-" + o.shortName())
                        .filter(java.util.Objects::nonNull).map(w -> "\"" + n.path() + "|" + w + "\"").collect(Collectors.joining("|"));
                b.append("    ").append(cases).append(") echo \"").append(valueWords(o)).append("\";;\n");
            }
        }
        b.append("    *) return 1;;\n  esac\n}\n");
        b.append("__nexus_arg() {  # $1 command path, $2 argument index -> what the argument is\n  case \"$1|$2\" in\n");
        for (Node n : nodes) {
            List<ArgSpec> args = n.spec().args();
            for (int i = 0; i < args.size(); i++) {
                ArgSpec a = args.get(i);
                String what = !a.choices().isEmpty() ? "words:" + String.join(" ", a.choices()) : a.kind().name().toLowerCase(java.util.Locale.ROOT);
                String index = a.variadic() ? "*" : Integer.toString(i);
                b.append("    \"").append(n.path()).append("|\"").append(index).append(") echo \"").append(what).append("\";;\n");
            }
        }
        b.append("  esac\n}\n");
        b.append("""
                __nexus_walk() {  # the words before the cursor -> "path|argument index|after --"
                  local cmdpath="" n=0 i=1 w sub
                  while ((i < $#)); do
                    eval "w=\\${$i}"
                    if [[ $w == -- ]]; then printf '%s|%s|1' "$cmdpath" "$n"; return; fi
                    if [[ $w == -* ]]; then
                      __nexus_values "$cmdpath" "$w" >/dev/null && ((i++))
                    else
                      sub=$(__nexus_sub "$cmdpath" "$w")
                      if [[ -n $sub && $n == 0 ]]; then cmdpath="${cmdpath:+$cmdpath }$sub"; else ((n++)); fi
                    fi
                    ((i++))
                  done
                  printf '%s|%s|0' "$cmdpath" "$n"
                }
                """);
        return b.toString();
    }

    private static String valueWords(OptionSpec o) {
        if (!o.choices().isEmpty()) {
            return String.join(" ", o.choices());
        }
        return switch (o.valueKind()) {
            case WORKSPACE -> "@workspace";
            case PATH, DIRECTORY -> "@file";
            default -> "-";
        };
    }

    public String bash() {
        return "# bash completion for nexus, generated by `nexus completion bash` from its command tree.\n"
                + "# Use: source <(nexus completion bash)\n"
                + lookupFunctions()
                + """
                _nexus() {
                  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" walk cmdpath n after values children what
                  ((COMP_CWORD > 1)) && prev="${COMP_WORDS[COMP_CWORD-1]}"
                  walk=$(__nexus_walk "${COMP_WORDS[@]:1:COMP_CWORD-1}" "")
                  IFS='|' read -r cmdpath n after <<<"$walk"
                  COMPREPLY=()
                  [[ $after == 1 ]] && return 0
                  if [[ $prev == -* ]] && values=$(__nexus_values "$cmdpath" "$prev"); then
                    case "$values" in
                      -|@file) return 0;;
                      @workspace) COMPREPLY=($(compgen -W "$(nexus workspace list --quiet 2>/dev/null)" -- "$cur"));;
                      *) COMPREPLY=($(compgen -W "$values" -- "$cur"));;
                    esac
                    return 0
                  fi
                  if [[ $cur == -* ]]; then
                    COMPREPLY=($(compgen -W "$(__nexus_options "$cmdpath")" -- "$cur")); return 0
                  fi
                  children=$(__nexus_children "$cmdpath")
                  if [[ -n $children ]]; then COMPREPLY=($(compgen -W "$children" -- "$cur")); return 0; fi
                  what=$(__nexus_arg "$cmdpath" "$n"); [[ -z $what ]] && what=$(__nexus_arg "$cmdpath" "*")
                  case "$what" in
                    workspace) COMPREPLY=($(compgen -W "$(nexus workspace list --quiet 2>/dev/null)" -- "$cur"));;
                    words:*) COMPREPLY=($(compgen -W "${what#words:}" -- "$cur"));;
                  esac
                  return 0
                }
                complete -o bashdefault -o default -F _nexus nexus
                """;
    }

    public String zsh() {
        return "#compdef nexus\n"
                + "# zsh completion for nexus, generated by `nexus completion zsh` from its command tree.\n"
                + "# Use: nexus completion zsh > \"${fpath[1]}/_nexus\" (or source it after compinit)\n"
                + lookupFunctions()
                + """
                _nexus() {
                  local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}" walk cmdpath n after values children what
                  walk=$(__nexus_walk "${(@)words[2,CURRENT-1]}" "")
                  cmdpath="${walk%%|*}"; walk="${walk#*|}"; n="${walk%%|*}"; after="${walk#*|}"
                  [[ $after == 1 ]] && { _files; return; }
                  if [[ $prev == -* ]] && values=$(__nexus_values "$cmdpath" "$prev"); then
                    case "$values" in
                      -) return 0;;
                      @file) _files;;
                      @workspace) compadd -- ${(f)"$(nexus workspace list --quiet 2>/dev/null)"};;
                      *) compadd -- ${=values};;
                    esac
                    return
                  fi
                  if [[ $cur == -* ]]; then compadd -- ${=$(__nexus_options "$cmdpath")}; return; fi
                  children=$(__nexus_children "$cmdpath")
                  if [[ -n $children ]]; then compadd -- ${=children}; return; fi
                  what=$(__nexus_arg "$cmdpath" "$n"); [[ -z $what ]] && what=$(__nexus_arg "$cmdpath" "*")
                  case "$what" in
                    workspace) compadd -- ${(f)"$(nexus workspace list --quiet 2>/dev/null)"};;
                    words:*) compadd -- ${=${what#words:}};;
                    directory) _directories;;
                    *) _files;;
                  esac
                }
                if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then _nexus "$@"; else compdef _nexus nexus; fi
                """;
    }

    public String fish() {
        StringBuilder b = new StringBuilder();
        b.append("# fish completion for nexus, generated by `nexus completion fish` from its command tree.\n")
                .append("# Use: nexus completion fish > ~/.config/fish/completions/nexus.fish\n");
        b.append("function __nexus_sub\n    switch \"$argv[1]|$argv[2]\"\n");
        for (Node n : nodes) {
            for (CommandSpec c : visibleChildren(n.spec())) {
                String cases = Stream.concat(Stream.of(c.name()), c.aliases().stream())
                        .map(w -> "'" + n.path() + "|" + w + "'").collect(Collectors.joining(" "));
                b.append("        case ").append(cases).append("\n            echo ").append(c.name()).append('\n');
            }
        }
        b.append("    end\nend\n");
        Map<String, Boolean> valueOptions = new LinkedHashMap<>();
        for (Node n : nodes) {
            for (OptionSpec o : optionsOf(n)) {
                if (o.takesValue()) {
                    valueOptions.put("'" + n.path() + "|--" + o.name() + "'", true);
                    if (o.shortName() != null) {
                        valueOptions.put("'" + n.path() + "|-" + o.shortName() + "'", true);
                    }
                }
            }
        }
        b.append("set -g __nexus_value_options ").append(String.join(" ", valueOptions.keySet())).append('\n');
        b.append("""
                function __nexus_path  # the command path of the words before the cursor ("--" after a remote command)
                    set -l cmdpath ''
                    set -l skip 0
                    for w in (commandline -opc)[2..-1]
                        if test $skip -eq 1; set skip 0; continue; end
                        if test "$w" = '--'; echo -- '--'; return; end
                        if string match -q -- '-*' $w
                            contains -- "$cmdpath|$w" $__nexus_value_options; and set skip 1
                            continue
                        end
                        set -l sub (__nexus_sub "$cmdpath" $w)
                        if test -n "$sub"; set cmdpath (string trim -- "$cmdpath $sub"); end
                    end
                    echo -- $cmdpath
                end
                function __nexus_is; test (__nexus_path) = "$argv[1]"; end
                complete -c nexus -f
                """);
        for (Node n : nodes) {
            String cond = "'__nexus_is \"" + n.path() + "\"'";
            for (CommandSpec c : visibleChildren(n.spec())) {
                for (String w : Stream.concat(Stream.of(c.name()), c.aliases().stream()).toList()) {
                    b.append("complete -c nexus -n ").append(cond).append(" -a ").append(w).append(" -d ").append(fishQuote(c.summary())).append('\n');
                }
            }
            for (OptionSpec o : optionsOf(n)) {
                b.append("complete -c nexus -n ").append(cond).append(" -l ").append(o.name());
                if (o.shortName() != null) {
                    b.append(" -s ").append(o.shortName());
                }
                if (o.takesValue()) {
                    switch (valueWords(o)) {
                        case "-" -> b.append(" -x");
                        case "@file" -> b.append(" -r -F");
                        case "@workspace" -> b.append(" -x -a '(nexus workspace list --quiet 2>/dev/null)'");
                        default -> b.append(" -x -a ").append(fishQuote(String.join(" ", o.choices())));
                    }
                }
                b.append(" -d ").append(fishQuote(o.help())).append('\n');
            }
            for (ArgSpec a : n.spec().args()) {
                b.append("complete -c nexus -n ").append(cond);
                if (!a.choices().isEmpty()) {
                    b.append(" -a ").append(fishQuote(String.join(" ", a.choices())));
                } else {
                    switch (a.kind()) {
                        case WORKSPACE -> b.append(" -a '(nexus workspace list --quiet 2>/dev/null)'");
                        case PATH, REPO -> b.append(" -F");
                        case DIRECTORY -> b.append(" -a '(__fish_complete_directories)'");
                        default -> { }
                    }
                }
                b.append(" -d ").append(fishQuote(a.name())).append('\n');
            }
        }
        return b.toString();
    }

    private static String fishQuote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
