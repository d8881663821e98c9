/**
 * pdfkit's browser build knows no standard font until one is registered, and a new document
 * starts with Helvetica (as in Node, where all are built in): registered here, so the core's
 * renderer runs unchanged and its PDF is Node's byte for byte. Helvetica is never drawn with;
 * the reports use the embedded DejaVu fonts.
 */
// @ts-expect-error the browser build's export, not in @types/pdfkit
import { registerStdFonts } from 'pdfkit';
// @ts-expect-error a data module of pdfkit, without types
import Helvetica from 'pdfkit/standard-fonts/Helvetica';

(registerStdFonts as (...fonts: unknown[]) => void)(Helvetica);
