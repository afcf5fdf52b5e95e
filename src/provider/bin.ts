/** The bundle's entry: run the provider. */
import { main } from './main';

void main();
