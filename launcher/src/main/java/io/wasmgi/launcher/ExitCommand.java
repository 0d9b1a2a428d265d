package io.wasmgi.launcher;

import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The shell's {@code exit} and {@code exit CODE}: stop the container, then the process exits with CODE (0).
 *
 * Gogo has no exit of its own: its default profile turns java.lang.System's static methods into commands, so
 * {@code exit} is System.exit(int), which rejects no argument and, given one, ends the JVM from inside a command
 * (the shell then prints an InterruptedException).
 * This Gogo command service is registered from the system bundle in the scope "gogo", which the profile puts
 * first on the command path (SCOPE = 'gogo:*'), so a plain {@code exit} finds it before system:exit.
 */
public final class ExitCommand {

    private volatile int code;
    private BundleContext context;

    /** Registers this command in the framework of {@code context} (its system bundle). */
    void register(BundleContext context) {
        this.context = context;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.command.scope", "gogo");
        properties.put("osgi.command.function", new String[] {"exit"});
        context.registerService(ExitCommand.class, this, properties);
    }

    public void exit() throws Exception {
        exit(0);
    }

    public void exit(int code) throws Exception {
        this.code = code;
        if (!endConsoleLoop()) {
            // asynchronous: the framework stops on its own thread, this command returns at once
            context.getBundle(0).stop();
        }
    }

    /**
     * Ends gogo.jline's console loop after this command, if a console loop runs and stops the framework when
     * it ends (as on Ctrl-D). Stopping the framework from here instead races the console: its bundle stops
     * by interrupting the console thread, and when that thread is still finishing this command, the shell
     * prints an InterruptedException (about once in 100 runs). Shell.stop() is public, but the class is
     * inside the framework, hence reflection.
     */
    private boolean endConsoleLoop() throws Exception {
        String goshArgs = String.valueOf(context.getProperty("gosh.args"));
        if (goshArgs.contains("--nointeractive") || goshArgs.contains("--noshutdown")) {
            return false;
        }
        ServiceReference<?>[] refs = context.getAllServiceReferences("org.apache.felix.gogo.jline.Shell", null);
        Object shell = refs == null ? null : context.getService(refs[0]);
        if (shell == null) {
            return false;
        }
        try {
            shell.getClass().getMethod("stop").invoke(shell);
            return true;
        } finally {
            context.ungetService(refs[0]);
        }
    }

    /** The code the shell asked to exit with; 0 unless {@code exit CODE} said otherwise. */
    int code() {
        return code;
    }
}
