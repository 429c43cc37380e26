package io.reclaim.shell.karaf.internal;

import java.util.List;

import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Parser;
import org.apache.karaf.shell.api.console.Session;

/**
 * A {@code reclaim:*} command as Karaf's console sees it once completion is added: Karaf's own
 * wrapper of the Gogo function does everything (execution, description, {@code --help}, failures),
 * and this adds the completers Karaf cannot give a Gogo function.
 */
final class CompletingCommand implements Command {

    private final Command karafs;
    private final Completer global;
    private final Completer scoped;

    CompletingCommand(Command karafs, Syntax syntax, Vocabulary vocabulary) {
        this.karafs = karafs;
        this.global = new ArgumentCompleter(karafs.getScope(), karafs.getName(), false, karafs::getDescription,
                syntax, vocabulary);
        this.scoped = new ArgumentCompleter(karafs.getScope(), karafs.getName(), true, karafs::getDescription,
                syntax, vocabulary);
    }

    /** @return the command Karaf made of the Gogo function, which this one runs */
    Command karafs() {
        return karafs;
    }

    @Override
    public String getScope() {
        return karafs.getScope();
    }

    @Override
    public String getName() {
        return karafs.getName();
    }

    @Override
    public String getDescription() {
        return karafs.getDescription();
    }

    @Override
    public Completer getCompleter(boolean inScope) {
        return inScope ? scoped : global;
    }

    @Override
    public Parser getParser() {
        return karafs.getParser();
    }

    @Override
    public Object execute(Session session, List<Object> arguments) throws Exception {
        return karafs.execute(session, arguments);
    }

    @Override
    public String toString() {
        return getScope() + ":" + getName() + " (with completion)";
    }
}
