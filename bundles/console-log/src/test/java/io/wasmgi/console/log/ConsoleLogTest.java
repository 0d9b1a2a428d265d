package io.wasmgi.console.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConsoleLogTest {

    @Test
    void whatCouldDriveATerminalIsShownEscapedOnOneLine() {
        assertEquals("\\u001b[2J\\u000d[WARN] forged\\u000a", ConsoleLog.inert("\u001b[2J\r[WARN] forged\n"));
        assertEquals("a\\u202eb\\u200bc\\u2028d", ConsoleLog.inert("a\u202eb\u200bc\u2028d"));
        assertEquals("plain text, tabs\tand é stay", ConsoleLog.inert("plain text, tabs\tand é stay"));
    }
}
