// The schema verdict of the JDK's own XML Schema validator (JAXP, the Xerces inside the JDK), as KoSIT's
// SchemaValidationAction obtains it; a test oracle for validators/xsd.py (tests/differential/test_schema_vs_xerces.py).
// Reads lines "SCHEMA<TAB>DOCUMENT" on stdin and answers "DOCUMENT<TAB>valid|invalid<TAB>first message" for each.
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

public class XsdCheck {
    public static void main(String[] args) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Map<String, Schema> schemas = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.split("\t", 2);
            Schema schema = schemas.get(parts[0]);
            if (schema == null) {
                schema = factory.newSchema(new File(parts[0]));
                schemas.put(parts[0], schema);
            }
            List<String> errors = new ArrayList<>();
            Validator validator = schema.newValidator();
            validator.setErrorHandler(new ErrorHandler() {
                public void warning(SAXParseException e) { }
                public void error(SAXParseException e) { errors.add(e.getMessage()); }
                public void fatalError(SAXParseException e) throws SAXException { errors.add(e.getMessage()); throw e; }
            });
            try {
                validator.validate(new StreamSource(new File(parts[1])));
            } catch (SAXException | java.io.IOException e) {  // not well-formed, or an encoding Java does not know
                if (errors.isEmpty()) errors.add(String.valueOf(e));
            }
            String first = errors.isEmpty() ? "" : errors.get(0).replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
            out.println(parts[1] + "\t" + (errors.isEmpty() ? "valid" : "invalid") + "\t" + first);
            out.flush();
        }
    }
}
