import { render } from 'preact';
import { PopupApp } from '@/components/popup/popup-app';
import { applyDocumentLanguage } from '@/components/page-language';
import './style.css';

applyDocumentLanguage(document);
render(<PopupApp />, document.getElementById('app')!);
