//! Saving the timeline or the network as a picture: the view hands over what it drew, and the
//! file is written as SVG or PNG by its extension. Success closes the dialog and says where
//! the file is; a refusal or failure keeps the dialog (and the typed path) open and says why.

use super::App;
use super::timeline::MainView;
use crate::model::picture::Picture;
use std::path::Path;

impl App {
    pub(super) fn save_picture(&mut self, view: MainView, picture: &Picture, path: &Path) {
        let what = view.noun();
        match crate::exchange::save_picture(picture, path) {
            Ok(format) => {
                self.dialogs.close();
                self.messages.info(format!(
                    "Saved the {what} as {} ({})",
                    path.display(),
                    format.extension().to_uppercase()
                ));
            }
            Err(e) => self.messages.error(e),
        }
    }
}
